import { useState } from "react";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { useCan } from "@/lib/auth";
import { isActive, useRunHistory } from "../api/runs";
import { useLiveRunFeed } from "../hooks/useLiveRunFeed";
import { RecentRuns } from "./RecentRuns";
import { RunDetail } from "./RunDetail";
import { Schedules } from "./Schedules";
import { StartRunForm } from "./StartRunForm";

/** Run and watch the agent: start with options, follow the active run live, look back. */
export function DashboardPage() {
  useLiveRunFeed();
  const canRun = useCan("editor");
  const history = useRunHistory(20);
  const [chosen, setChosen] = useState<string | null>(null);
  const runs = history.data?.items ?? [];
  const active = runs.find(isActive);
  const shown = chosen ?? active?.id ?? runs[0]?.id ?? null;
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto grid max-w-6xl gap-3 p-3 lg:grid-cols-3">
        <h1 className="text-xl font-semibold lg:col-span-3">Dashboard</h1>
        <div className="min-w-0 space-y-3 lg:col-span-2">
          {canRun && <StartRunForm busy={!!active} onStarted={setChosen} />}
          {history.isPending && <Skeleton lines={6} label="Loading runs" />}
          {history.error && <ErrorPanel error={history.error} onRetry={() => void history.refetch()} />}
          {shown ? (
            <RunDetail id={shown} canControl={canRun} onStarted={setChosen} />
          ) : (
            history.data && (
              <EmptyState title="The agent has not run yet">
                {canRun ? "Add sources, then start a run above." : "An editor starts runs; they show here as they go."}
              </EmptyState>
            )
          )}
        </div>
        <div className="min-w-0 space-y-3">
          <RecentRuns runs={runs} selected={shown} onSelect={setChosen} />
          <Schedules canEdit={canRun} />
        </div>
      </div>
    </div>
  );
}
