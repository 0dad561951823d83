import { createContext, useContext } from "react";

/**
 * Where menus, popovers and sheets render: an element inside `.tc-root`, so the chat's scoped
 * styles reach them while they float above every pane (and, embedded, the host's page is left alone).
 */
export const PortalContainerContext = createContext<HTMLElement | null>(null);
export const usePortalContainer = () => useContext(PortalContainerContext) ?? undefined;
