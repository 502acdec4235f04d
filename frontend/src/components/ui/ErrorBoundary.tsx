import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorPanel } from "./ErrorPanel";

interface State {
  error: unknown;
}

/** Catches a render error below it and shows the message (an API envelope keeps its request id). */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("render error", error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="p-4">
          <h2 className="text-lg font-semibold">Something went wrong on this page</h2>
          <ErrorPanel error={this.state.error} onRetry={() => this.setState({ error: null })} />
        </div>
      );
    }
    return this.props.children;
  }
}
