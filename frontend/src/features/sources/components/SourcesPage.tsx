import { EmptyState } from "@/components/ui/EmptyState";
import { useCan } from "@/lib/auth";
import { AddUrls } from "./AddUrls";
import { Feeds } from "./Feeds";
import { RunPanel } from "./RunPanel";
import { UploadFiles } from "./UploadFiles";
import { XConnection } from "./XConnection";

export function SourcesPage() {
  const canEdit = useCan("editor");
  const canConnect = useCan("admin");
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto grid max-w-5xl gap-3 p-3 md:grid-cols-2">
        <h1 className="text-xl font-semibold md:col-span-2">Sources</h1>
        {canEdit ? (
          <>
            <AddUrls />
            <UploadFiles />
            <RunPanel />
          </>
        ) : (
          <div className="md:col-span-2">
            <EmptyState title="You can read, not add">Your account is a viewer: ask an admin for the editor role to add sources.</EmptyState>
          </div>
        )}
        <XConnection canEdit={canEdit} canConnect={canConnect} />
        <Feeds canEdit={canEdit} />
      </div>
    </div>
  );
}
