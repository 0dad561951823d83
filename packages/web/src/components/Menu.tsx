import * as Dropdown from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import { usePortalContainer } from "./portal.js";

/** One entry of a menu; menus are built from lists of these, so a feature adds an entry, not markup. */
export type MenuAction = {
  id: string;
  label: string;
  icon?: ReactNode;
  /** Red: the entry destroys something. */
  danger?: boolean;
  /** Extra classes, e.g. `sm:hidden` for an entry that only narrow screens need in the menu. */
  className?: string;
  onSelect: () => void;
};

export const menuItemClass =
  "flex w-full cursor-default select-none items-center gap-3 rounded px-3 py-2 text-left text-sm outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10";

export const menuContentClass =
  "z-50 max-h-[var(--radix-dropdown-menu-content-available-height)] min-w-48 overflow-y-auto rounded-lg bg-white p-1 text-zinc-900 shadow-lg ring-1 ring-black/5 dark:bg-zinc-700 dark:text-zinc-100";

export function MenuItems({ actions }: { actions: MenuAction[] }) {
  return actions.map((action) => (
    <Dropdown.Item
      key={action.id}
      onSelect={action.onSelect}
      className={`${menuItemClass} ${action.danger ? "text-red-700 dark:text-red-300" : ""} ${action.className ?? ""}`}
    >
      {action.icon}
      {action.label}
    </Dropdown.Item>
  ));
}

/**
 * A dropdown menu (Radix): Escape and a click or tap outside close it and give focus back to its
 * button; arrow keys and typing move through the entries; it flips and shifts to stay inside
 * `boundary` (the viewport when none) rather than being cut off.
 */
export function Menu({
  trigger,
  label,
  children,
  open,
  onOpenChange,
  align = "end",
  boundary,
}: {
  trigger: ReactNode;
  label: string;
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  align?: "start" | "end";
  boundary?: Element | null;
}) {
  const container = usePortalContainer();
  return (
    <Dropdown.Root open={open} onOpenChange={onOpenChange} modal={false}>
      <Dropdown.Trigger asChild>{trigger}</Dropdown.Trigger>
      <Dropdown.Portal container={container}>
        <Dropdown.Content
          aria-label={label}
          align={align}
          sideOffset={4}
          collisionPadding={8}
          collisionBoundary={boundary ?? undefined}
          className={menuContentClass}
        >
          {children}
        </Dropdown.Content>
      </Dropdown.Portal>
    </Dropdown.Root>
  );
}
