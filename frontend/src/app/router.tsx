import { lazy } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { EmptyState } from "@/components/ui/EmptyState";
import type { QueryClient } from "@tanstack/react-query";
import { LoginPage, RequireAuth, SetupPage } from "@/features/auth";
import { prefetchKnowledge } from "@/features/knowledge/prefetch";
import { AppLayout } from "./AppLayout";

// Each page is its own chunk: the first load carries only the shell. The chunk of the page
// the browser opened starts loading at once, beside the session check, not after it.
const pages = {
  dashboard: () => import("@/features/dashboard"),
  knowledge: () => import("@/features/knowledge"),
  sources: () => import("@/features/sources"),
  chat: () => import("@/features/chat"),
};
const opened = typeof window === "undefined" ? "" : window.location.pathname.split("/")[1] ?? "";
if (opened in pages) void pages[opened as keyof typeof pages]();
else if (opened === "") void pages.knowledge();

/** The first data of the page the browser opened, asked beside the session check (not after
 * it and after the page's chunk): the Knowledge Base's tree and first page of items. */
export function prefetchOpenedPage(client: QueryClient): void {
  if (opened === "knowledge" || opened === "") prefetchKnowledge(client, window.location.search);
}

const DashboardPage = lazy(() => pages.dashboard().then((m) => ({ default: m.DashboardPage })));
const KnowledgePage = lazy(() => pages.knowledge().then((m) => ({ default: m.KnowledgePage })));
const SourcesPage = lazy(() => pages.sources().then((m) => ({ default: m.SourcesPage })));
const ChatPage = lazy(() => pages.chat().then((m) => ({ default: m.ChatPage })));

export function createAppRouter() {
  return createBrowserRouter([
    { path: "/login", element: <LoginPage /> },
    { path: "/setup", element: <SetupPage /> },
    {
      path: "/",
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <Navigate to="/knowledge" replace /> },
        { path: "dashboard", element: <DashboardPage /> },
        { path: "knowledge", element: <KnowledgePage /> },
        { path: "knowledge/items/:itemId", element: <KnowledgePage /> },
        { path: "sources", element: <SourcesPage /> },
        { path: "chat", element: <ChatPage /> },
        { path: "chat/:sessionId", element: <ChatPage /> },
        {
          path: "*",
          element: (
            <EmptyState title="No such page">
              <a className="underline" href="/knowledge">Go to your knowledge base</a>.
            </EmptyState>
          ),
        },
      ],
    },
  ]);
}
