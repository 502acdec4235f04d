import { Link, useParams } from "react-router";
import { useCan } from "@/lib/auth";
import { useItemPipeline } from "../api/pipeline";
import { PipelinePanel } from "./PipelinePanel";

/** One content item's pipeline on a page of its own: reachable from a run's failed items,
 * which may have no knowledge item (yet) to open it from. */
export function ItemPipelinePage() {
  const { contentItemId = "" } = useParams();
  const canEdit = useCan("editor");
  const view = useItemPipeline(contentItemId, true);
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-3 p-3">
        <p className="text-sm"><Link className="underline" to="/dashboard">Dashboard</Link></p>
        <h1 className="text-xl font-semibold break-words">Pipeline{view.data ? `: ${view.data.title}` : ""}</h1>
        <PipelinePanel contentItemId={contentItemId} canRetry={canEdit} />
      </div>
    </div>
  );
}
