import { createContext, useContext } from "react";

export type EmbedMode = {
  /** Stand-alone app (own sign-in screen, page title, push, logout) or embedded in a host app. */
  standalone: boolean;
  /** Embedded: why signing on with the host's token failed (shown instead of a second login). */
  signInError: string | null;
};

export const EmbedModeContext = createContext<EmbedMode>({ standalone: true, signInError: null });

export const useEmbedMode = () => useContext(EmbedModeContext);
