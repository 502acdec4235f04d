import { Menu, MenuButton, MenuItem, MenuItems } from "@headlessui/react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useMe } from "@/lib/auth";
import { notifyError } from "@/lib/notify";
import { logout } from "../api/auth";

export function UserMenu() {
  const { data: user } = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (!user) return null;

  async function signOut() {
    try {
      await logout();
    } catch (error) {
      notifyError(error, "Sign out");
    }
    queryClient.clear();
    navigate("/login", { replace: true });
  }

  return (
    <Menu as="div" className="relative">
      <MenuButton className="rounded-md px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
        <span className="sr-only">Account: </span>
        <span className="hidden sm:inline">{user.username}</span>
        <span aria-hidden="true" className="inline-flex size-7 items-center justify-center rounded-full bg-slate-200 font-semibold sm:hidden dark:bg-slate-700">
          {user.username.slice(0, 1).toUpperCase()}
        </span>
        <span className="sr-only sm:hidden">{user.username}</span>
        <span className="ml-1 hidden rounded bg-slate-200 px-1 text-xs text-slate-800 sm:inline dark:bg-slate-700 dark:text-slate-100">{user.role}</span>
      </MenuButton>
      <MenuItems anchor="bottom end" className="z-30 mt-1 w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <p className="truncate px-2 py-1.5 text-xs text-slate-600 dark:text-slate-300">
          Signed in as <span className="font-semibold">{user.username}</span> ({user.role})
        </p>
        <MenuItem>
          <Link to="/account" className="block w-full rounded px-2 py-1.5 text-left text-sm data-focus:bg-slate-100 dark:data-focus:bg-slate-800">
            Account
          </Link>
        </MenuItem>
        <MenuItem>
          <button type="button" onClick={() => void signOut()} className="block w-full rounded px-2 py-1.5 text-left text-sm data-focus:bg-slate-100 dark:data-focus:bg-slate-800">
            Sign out
          </button>
        </MenuItem>
      </MenuItems>
    </Menu>
  );
}
