import { useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { ConnectionIndicator } from "@/components/ui/ConnectionIndicator";
import { ErrorBoundary } from "@/components/ui/ErrorBoundary";
import { Skeleton } from "@/components/ui/Skeleton";
import { loginPath, UserMenu } from "@/features/auth";
import { useCan } from "@/lib/auth";
import { onSessionLost } from "@/lib/api/session";
import { LiveSync } from "./LiveSync";
import { useShortcuts } from "./shortcuts";

const NAV = [
  { to: "/dashboard", label: "Dashboard", key: "g d" },
  { to: "/knowledge", label: "Knowledge", key: "g k" },
  { to: "/sources", label: "Sources", key: "g s" },
  { to: "/chat", label: "Chat", key: "g c" },
  { to: "/monitoring", label: "Monitoring", key: "g m" },
  { to: "/settings", label: "Settings", key: "g ,", admin: true },
];

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
  const isAdmin = useCan("admin");
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
        <nav aria-label="Main" className="flex min-w-0 flex-1 gap-0.5 overflow-x-auto sm:gap-1">
          {NAV.filter((item) => !item.admin || isAdmin).map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              title={`${item.label} (${item.key})`}
              className={({ isActive }) =>
                `shrink-0 rounded-md px-2 py-1 text-sm ${isActive ? "bg-indigo-100 font-medium text-indigo-900 dark:bg-indigo-900 dark:text-indigo-50" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`
              }
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
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
