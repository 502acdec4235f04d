import type { QueryClient } from "@tanstack/react-query";
import { createBrowserRouter, Navigate } from "react-router";
import { EmptyState } from "@/components/ui/EmptyState";
import { LoginPage, RequireAuth, SetupPage } from "@/features/auth";
import { prefetchKnowledge } from "@/features/knowledge/prefetch";
import { AppLayout } from "./AppLayout";
import { lazyPage } from "./lazyPage";

// Each page is its own chunk: the first load carries only the shell. The chunk of the page
// the browser opened starts loading at once, beside the session check, not after it.
const pages = {
  dashboard: lazyPage(() => import("@/features/dashboard").then((m) => m.DashboardPage)),
  monitoring: lazyPage(() => import("@/features/monitoring").then((m) => m.MonitoringPage)),
  settings: lazyPage(() => import("@/features/settings").then((m) => m.SettingsPage)),
  knowledge: lazyPage(() => import("@/features/knowledge").then((m) => m.KnowledgePage)),
  pipeline: lazyPage(() => import("@/features/knowledge").then((m) => m.ItemPipelinePage)),
  sources: lazyPage(() => import("@/features/sources").then((m) => m.SourcesPage)),
  chat: lazyPage(() => import("@/features/chat").then((m) => m.ChatPage)),
  account: lazyPage(() => import("@/features/account").then((m) => m.AccountPage)),
};
const opened = typeof window === "undefined" ? "" : window.location.pathname.split("/")[1] ?? "";
if (opened in pages) pages[opened as keyof typeof pages].preload();
else if (opened === "") pages.knowledge.preload();

/** The first data of the page the browser opened, asked beside the session check (not after
 * it and after the page's chunk): the Knowledge Base's tree and first page of items. */
export function prefetchOpenedPage(client: QueryClient): void {
  if (opened === "knowledge" || opened === "") prefetchKnowledge(client, window.location.search);
}

const DashboardPage = pages.dashboard.Page;
const MonitoringPage = pages.monitoring.Page;
const SettingsPage = pages.settings.Page;
const KnowledgePage = pages.knowledge.Page;
const ItemPipelinePage = pages.pipeline.Page;
const SourcesPage = pages.sources.Page;
const ChatPage = pages.chat.Page;
const AccountPage = pages.account.Page;

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
        { path: "monitoring", element: <MonitoringPage /> },
        { path: "settings", element: <SettingsPage /> },
        { path: "knowledge", element: <KnowledgePage /> },
        { path: "knowledge/items/:itemId", element: <KnowledgePage /> },
        { path: "knowledge/pipeline/:contentItemId", element: <ItemPipelinePage /> },
        { path: "sources", element: <SourcesPage /> },
        { path: "chat", element: <ChatPage /> },
        { path: "chat/:sessionId", element: <ChatPage /> },
        { path: "account", element: <AccountPage /> },
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
