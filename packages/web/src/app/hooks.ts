import { createContext } from "react";
import { createDispatchHook, createSelectorHook, createStoreHook, type ReactReduxContextValue } from "react-redux";
import type { AppDispatch, AppStore, RootState } from "./store.js";

/**
 * The chat's own react-redux context: embedded in a host app that has its own Redux store and
 * `<Provider>`, our components never read the host's store and the host's never reads ours.
 */
export const ChatStoreContext = createContext<ReactReduxContextValue | null>(null);

export const useAppDispatch = createDispatchHook(ChatStoreContext).withTypes<AppDispatch>();
export const useAppSelector = createSelectorHook(ChatStoreContext).withTypes<RootState>();
export const useAppStore = createStoreHook(ChatStoreContext).withTypes<AppStore>();
