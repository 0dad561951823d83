import type { LoginBody, RegisterBody } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";
import { disableNotifications } from "../notifications/thunks.js";
import { sessionChanged } from "./sessionSlice.js";

/**
 * On start: resume the session from the refresh cookie, or show the sign-in screen. Only a
 * device that was signed in asks (no failing refresh, no console error, on a first visit).
 */
export const restoreSession =
  (): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const me = await client.restoreSession({ requireHint: true }).catch(() => null);
    dispatch(sessionChanged(me));
  };

export const login =
  (body: LoginBody): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.login(body);
  };

export const register =
  (body: RegisterBody): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.register(body);
  };

/** Stops this browser's pushes first: a shared device must not keep getting my notifications. */
export const logout =
  (): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    await dispatch(disableNotifications()).catch(() => {});
    await client.logout();
  };
