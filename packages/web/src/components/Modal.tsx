import * as Dialog from "@radix-ui/react-dialog";
import { type ReactNode, useRef } from "react";
import { usePortalContainer } from "./portal.js";

/**
 * A centred panel over a dimmed page (Radix dialog), shown while it is mounted: the panels that a
 * route opens (group info, shared media) close by unmounting. Escape, a click or tap outside and
 * the panel's own Close all call `onClose`; its heading is a `ModalTitle` (the dialog's name); focus is trapped while open and, when the panel goes,
 * returns to what had it before (the button or menu that opened it), like the app's other dialogs.
 */
export function Modal({
  onClose,
  className = "w-[min(30rem,94vw)]",
  testId,
  children,
}: {
  onClose: () => void;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const container = usePortalContainer();
  // Radix gives focus back to a Dialog.Trigger; a routed panel has none, so it goes back to what
  // had focus when the panel first rendered (the opener), if that is still on the page.
  const opener = useRef<HTMLElement | null | undefined>(undefined);
  if (opener.current === undefined) opener.current = document.activeElement as HTMLElement | null;
  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" data-testid="modal-overlay" />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={(e) => {
            const target = opener.current;
            if (!target?.isConnected) return;
            e.preventDefault();
            target.focus();
          }}
          data-testid={testId}
          className={`fixed top-1/2 left-1/2 z-50 -translate-x-1/2 -translate-y-1/2 rounded-2xl bg-white text-zinc-900 shadow-xl dark:bg-panel-dark dark:text-zinc-100 ${className}`}
        >
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The panel's heading: names the dialog for assistive technology. */
export const ModalTitle = Dialog.Title;
