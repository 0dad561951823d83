import type { ButtonHTMLAttributes, ReactNode } from "react";

/** An icon-only button always carries a label for screen readers (and a tooltip). */
export function IconButton({
  label,
  children,
  className = "",
  ...rest
}: { label: string; children: ReactNode } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={`inline-flex h-10 w-10 items-center justify-center rounded-full text-zinc-600 hover:bg-black/5 disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-white/10 ${className}`}
      {...rest}
    >
      {children}
    </button>
  );
}
