import { createContext, useContext } from "react";
import type { EmbedFailure } from "./sign-on.js";

/** Where an embedded chat stands; the stand-alone app is always "ready" (its store says the rest). */
export type EmbedPhase =
  | { kind: "signing-on" }
  | { kind: "ready" }
  /** The host signed its person out (`token={null}`). */
  | { kind: "signed-out" }
  /** The first sign-on failed. */
  | { kind: "failed"; failure: EmbedFailure }
  /** A running session ended by itself (deprovisioned, revoked, no new host token). */
  | { kind: "ended"; failure: EmbedFailure };

export type EmbedMode = {
  /** Stand-alone app (own sign-in screen, page title, push, logout) or embedded in a host app. */
  standalone: boolean;
  phase: EmbedPhase;
  /** Signs on again (a new host token in getToken mode). */
  retry: () => void;
};

export const EmbedModeContext = createContext<EmbedMode>({
  standalone: true,
  phase: { kind: "ready" },
  retry: () => {},
});

export const useEmbedMode = () => useContext(EmbedModeContext);
