import { useEffect } from "react";
import { useNavigate } from "react-router";
import { SEARCH_INPUT_ID } from "@/lib/domIds";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/** `/` search, `g d` dashboard, `g k` knowledge, `g s` sources, `g c` chat, `g m` monitoring,
 * `g ,` settings. */
export function useShortcuts(): void {
  const navigate = useNavigate();
  useEffect(() => {
    let pendingG = 0;
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === "/") {
        event.preventDefault();
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input) input.focus();
        else navigate("/knowledge?focus=search");
        return;
      }
      if (event.key === "g") {
        pendingG = Date.now();
        return;
      }
      if (Date.now() - pendingG < 1500) {
        const to = { d: "/dashboard", k: "/knowledge", c: "/chat", s: "/sources", m: "/monitoring", ",": "/settings" }[event.key];
        pendingG = 0;
        if (to) {
          event.preventDefault();
          navigate(to);
        }
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate]);
}
