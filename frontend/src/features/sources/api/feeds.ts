import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type Feed = components["schemas"]["FeedRead"];
export type FeedRefreshed = components["schemas"]["FeedRefreshed"];
export type OpmlImported = components["schemas"]["OpmlImported"];

/** Same-origin: a plain link downloads the OPML file with the session cookie. */
export const OPML_EXPORT_HREF = "/api/v1/sources/feeds/opml";
const FEEDS = ["sources", "feeds"];

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: FEEDS });
    void queryClient.invalidateQueries({ queryKey: ["runs"] });
  };
}

export function useFeeds() {
  return useQuery({
    queryKey: FEEDS,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sources/feeds", { signal })),
  });
}

export function useSubscribe() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (url: string) => unwrap(api.POST("/api/v1/sources/feeds", { body: { url } })),
    onSuccess: invalidate,
  });
}

export function useRefreshFeed() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (feedId: string) =>
      unwrap(api.POST("/api/v1/sources/feeds/{feed_id}/refresh", { params: { path: { feed_id: feedId } } })),
    onSettled: invalidate,
  });
}

export function useRefreshAllFeeds() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/sources/feeds/refresh")),
    onSuccess: invalidate,
  });
}

export function useUnsubscribe() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (feedId: string) =>
      unwrap(api.DELETE("/api/v1/sources/feeds/{feed_id}", { params: { path: { feed_id: feedId } } })),
    onSuccess: invalidate,
  });
}

export function useImportOpml() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/api/v1/sources/feeds/opml", {
          body: { file: file.name },
          bodySerializer: () => {
            const form = new FormData();
            form.append("file", file, file.name);
            return form;
          },
        }),
      ),
    onSuccess: invalidate,
  });
}
