import { Menu, MenuButton, MenuItem, MenuItems } from "@headlessui/react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useCategoryOp, type CategoryOp } from "../api/categories";
import type { CategoryTree } from "../api/types";
import { countOf } from "@/lib/plural";

type Kind = "rename" | "merge" | "move";

/** Rename, merge or move a category, each confirmed (they touch every item in it). The tree
 * shows one per category (hundreds), so the dialog and its mutation exist only once chosen. */
export function CategoryActions({ main, sub, tree }: { main: string; sub?: string; tree: CategoryTree["categories"] }) {
  const [kind, setKind] = useState<Kind | null>(null);
  const label = sub ? `${main} / ${sub}` : main;
  return (
    <>
      <Menu as="div" className="relative">
        <MenuButton aria-label={`Actions for ${label}`} className="rounded px-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          ⋯
        </MenuButton>
        <MenuItems anchor="bottom end" className="z-30 w-40 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <MenuItem><button type="button" className="block w-full rounded px-2 py-1 text-left data-focus:bg-slate-100 dark:data-focus:bg-slate-800" onClick={() => setKind("rename")}>Rename…</button></MenuItem>
          <MenuItem><button type="button" className="block w-full rounded px-2 py-1 text-left data-focus:bg-slate-100 dark:data-focus:bg-slate-800" onClick={() => setKind("merge")}>Merge into…</button></MenuItem>
          {sub && <MenuItem><button type="button" className="block w-full rounded px-2 py-1 text-left data-focus:bg-slate-100 dark:data-focus:bg-slate-800" onClick={() => setKind("move")}>Move under…</button></MenuItem>}
        </MenuItems>
      </Menu>
      {kind !== null && <CategoryDialog key={kind} kind={kind} main={main} sub={sub} tree={tree} onClose={() => setKind(null)} />}
    </>
  );
}

function CategoryDialog({ kind, main, sub, tree, onClose }: { kind: Kind; main: string; sub?: string | undefined; tree: CategoryTree["categories"]; onClose: () => void }) {
  const [value, setValue] = useState(kind === "rename" ? (sub ?? main) : "");
  const op = useCategoryOp();
  const label = sub ? `${main} / ${sub}` : main;
  const targets = sub
    ? tree.flatMap((m) => m.subcategories.map((s) => `${m.name} / ${s.name}`)).filter((t) => t !== label)
    : tree.map((m) => m.name).filter((t) => t !== main);

  function build(): CategoryOp | null {
    const v = value.trim();
    if (!v) return null;
    if (kind === "rename") return { kind, body: { main_category: main, sub_category: sub ?? null, new_name: v } };
    if (kind === "move" && sub) return { kind, body: { main_category: main, sub_category: sub, new_main_category: v } };
    if (kind === "merge") {
      const [targetMain, targetSub] = v.split(" / ");
      return { kind, body: { source_main: main, source_sub: sub ?? null, target_main: targetMain!, target_sub: sub ? (targetSub ?? null) : null } };
    }
    return null;
  }

  function confirm() {
    const request = build();
    if (!request) return;
    op.mutate(request, {
      onSuccess: (change) => {
        toast.success(`${kind === "rename" ? "Renamed" : kind === "merge" ? "Merged" : "Moved"}: ${countOf(change.items_updated, "item")} updated.`);
        onClose();
      },
      onError: (error) => notifyError(error, `Could not ${kind} ${label}`),
    });
  }

  return (
    <ConfirmDialog
      open
      title={kind === "rename" ? `Rename ${label}` : kind === "merge" ? `Merge ${label}` : `Move ${label}`}
      confirmLabel={kind === "rename" ? "Rename" : kind === "merge" ? "Merge" : "Move"}
      busy={op.isPending}
      danger={kind === "merge"}
      onClose={onClose}
      onConfirm={confirm}
    >
      {kind === "rename" && (
        <label className="block">New name<input className={INPUT_CLASS} value={value} onChange={(e) => setValue(e.target.value)} autoFocus /></label>
      )}
      {kind === "merge" && (
        <label className="block">
          Merge every item of {label} into
          <select className={INPUT_CLASS} value={value} onChange={(e) => setValue(e.target.value)}>
            <option value="">Choose a category</option>
            {targets.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
      )}
      {kind === "move" && (
        <label className="block">
          New main category
          <input className={INPUT_CLASS} list="main-categories" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
          <datalist id="main-categories">{tree.map((m) => <option key={m.name} value={m.name} />)}</datalist>
        </label>
      )}
      <p className="text-slate-600 dark:text-slate-300">Every item in {label} changes with it; each item keeps a version to restore.</p>
    </ConfirmDialog>
  );
}
