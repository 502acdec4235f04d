import { Popover, PopoverButton, PopoverPanel } from "@headlessui/react";
import { NavLink, useLocation } from "react-router";
import { useCan } from "@/lib/auth";

const NAV = [
  { to: "/dashboard", label: "Dashboard", key: "g d" },
  { to: "/knowledge", label: "Knowledge", key: "g k" },
  { to: "/sources", label: "Sources", key: "g s" },
  { to: "/chat", label: "Chat", key: "g c" },
  { to: "/monitoring", label: "Monitoring", key: "g m" },
  { to: "/settings", label: "Settings", key: "g ,", admin: true },
];

const LINK = "rounded-md px-2 py-1 text-sm";
const ACTIVE = "bg-indigo-100 font-medium text-indigo-900 dark:bg-indigo-900 dark:text-indigo-50";
const IDLE = "hover:bg-slate-100 dark:hover:bg-slate-800";

function MenuIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      <path d="M3 5h14M3 10h14M3 15h14" />
    </svg>
  );
}

/**
 * The pages. Wide screens show them in a row; a phone shows a menu button naming the current
 * page, since six links do not fit in 360 px and a row scrolled out of sight hides pages.
 */
export function MainNav() {
  const isAdmin = useCan("admin");
  const { pathname } = useLocation();
  const items = NAV.filter((item) => !item.admin || isAdmin);
  const current = items.find((item) => pathname === item.to || pathname.startsWith(`${item.to}/`));
  return (
    <nav aria-label="Main" className="flex min-w-0 flex-1">
      <ul className="hidden min-w-0 flex-1 gap-1 overflow-x-auto sm:flex">
        {items.map((item) => (
          <li key={item.to} className="shrink-0">
            <NavLink to={item.to} title={`${item.label} (${item.key})`} className={({ isActive }) => `block ${LINK} ${isActive ? ACTIVE : IDLE}`}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
      <Popover className="relative sm:hidden">
        <PopoverButton aria-label={`Menu: ${current?.label ?? "pages"}`} className={`flex items-center gap-1.5 ${LINK} ${IDLE}`}>
          <MenuIcon />
          <span>{current?.label ?? "Pages"}</span>
        </PopoverButton>
        <PopoverPanel as="ul" className="absolute top-full left-0 z-40 mt-1 w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {({ close }) => (
            <>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} onClick={() => close()} className={({ isActive }) => `block ${LINK} py-2 ${isActive ? ACTIVE : IDLE}`}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </>
          )}
        </PopoverPanel>
      </Popover>
    </nav>
  );
}
