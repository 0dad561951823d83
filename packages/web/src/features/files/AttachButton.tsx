import { Paperclip } from "lucide-react";
import { useRef } from "react";
import { useAppDispatch } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { attachFiles } from "./thunks.js";

export function AttachButton({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <IconButton label="Attach files" onClick={() => input.current?.click()}>
        <Paperclip size={22} />
      </IconButton>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          if (files.length > 0) dispatch(attachFiles(chatId, files));
          e.target.value = "";
        }}
      />
    </>
  );
}

/** Files carried by a drop or a paste, if any. */
export function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}
