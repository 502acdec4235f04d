import { useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { ConnectionIndicator } from "@/components/ui/ConnectionIndicator";
import { ErrorBoundary } from "@/components/ui/ErrorBoundary";
import { Skeleton } from "@/components/ui/Skeleton";
import { loginPath, UserMenu } from "@/features/auth";
import { onSessionLost } from "@/lib/api/session";
import { LiveSync } from "./LiveSync";
import { MainNav } from "./MainNav";
import { useShortcuts } from "./shortcuts";

/** A session that cannot be renewed sends the user to login, keeping the page to come back to. */
function SessionWatcher() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSessionLost(() => {
        queryClient.clear();
        navigate(loginPath(window.location), { replace: true });
      }),
    [navigate, queryClient],
  );
  return null;
}

export function AppLayout() {
  useShortcuts();
  const location = useLocation();
  return (
    <div className="flex h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <SessionWatcher />
      <LiveSync />
      <header className="flex items-center gap-1 border-b border-slate-200 px-2 py-1.5 sm:gap-3 sm:px-4 dark:border-slate-800">
        <span className="hidden font-semibold text-indigo-700 sm:inline dark:text-indigo-300">kbagent</span>
        <MainNav />
        <ConnectionIndicator />
        <UserMenu />
      </header>
      <main id="main" className="min-h-0 flex-1">
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Skeleton lines={6} label="Loading page" />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
