import { forwardRef, type InputHTMLAttributes } from "react";

export const INPUT_CLASS =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900";

export const TextInput = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; hideLabel?: boolean }>(
  function TextInput({ label, hideLabel = false, className = "", ...props }, ref) {
    return (
      <label className={`block text-sm ${className}`}>
        <span className={hideLabel ? "sr-only" : "mb-0.5 block font-medium"}>{label}</span>
        <input ref={ref} {...props} className={INPUT_CLASS} />
      </label>
    );
  },
);
