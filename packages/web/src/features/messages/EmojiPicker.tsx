import Picker, { EmojiStyle, Theme } from "emoji-picker-react";

/** Loaded on first use (its data is large); native emoji glyphs, so nothing is fetched from a CDN. */
export default function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  return (
    <Picker
      emojiStyle={EmojiStyle.NATIVE}
      theme={Theme.AUTO}
      lazyLoadEmojis
      previewConfig={{ showPreview: false }}
      onEmojiClick={(e) => onPick(e.emoji)}
      width={320}
      height={380}
    />
  );
}
