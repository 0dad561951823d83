import type { Success } from "@teamchat/protocol";

export function ok<T>(data: T): Success<T> {
  return { success: true, data };
}
