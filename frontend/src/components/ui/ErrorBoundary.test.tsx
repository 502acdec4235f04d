import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new ApiError(500, { error_code: "system_error", message: "The database is unreachable.", request_id: "abc123" });
}

describe("ErrorBoundary", () => {
  it("shows the envelope's message and request id instead of a blank page", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(<ErrorBoundary><Broken /></ErrorBoundary>);
    expect(screen.getByRole("alert")).toHaveTextContent("The database is unreachable.");
    expect(screen.getByRole("alert")).toHaveTextContent("Request id: abc123");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
