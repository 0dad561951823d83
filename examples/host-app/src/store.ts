import { configureStore, createSlice, type PayloadAction } from "@reduxjs/toolkit";

/** The host app's own Redux store: its login and its own business state. */
export type HostUser = { id: string; name: string; department: string };

const auth = createSlice({
  name: "auth",
  initialState: { token: null as string | null, user: null as HostUser | null },
  reducers: {
    signedIn: (_s, a: PayloadAction<{ token: string; user: HostUser }>) => a.payload,
    signedOut: () => ({ token: null, user: null }),
  },
});

const leave = createSlice({
  name: "leave",
  initialState: { daysRequested: 0 },
  reducers: {
    dayRequested: (s) => {
      s.daysRequested += 1;
    },
  },
});

export const { signedIn, signedOut } = auth.actions;
export const { dayRequested } = leave.actions;

export const hostStore = configureStore({ reducer: { auth: auth.reducer, leave: leave.reducer } });
export type HostState = ReturnType<typeof hostStore.getState>;
