import type { LinkPreview } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";

/**
 * The preview the server would attach to a link (null: none). The composer keeps it in its own
 * state while the draft shows that link: it is a draft's view, not chat state.
 */
export const fetchLinkPreview =
  (url: string): AppThunk<Promise<LinkPreview | null>> =>
  async (_dispatch, _getState, { client }) =>
    client.linkPreview(url).catch(() => null);
