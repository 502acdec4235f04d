import { useState } from "react";
import type { ItemMedia as Media } from "../api/types";
import { mediaUrl } from "../api/items";

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

function fileName(path: string): string {
  return path.split("/").at(-1) ?? path;
}

/** One media file: an image (lazily loaded, its description as alt text and caption), or a
 *  download link for anything else; the server decides the type from the bytes either way. */
function MediaFigure({ itemId, media, title }: { itemId: string; media: Media; title: string }) {
  const [broken, setBroken] = useState(false);
  const src = mediaUrl(itemId, media.index);
  const label = media.description ?? `Image ${media.index + 1} of “${title}”`;
  if (!IMAGE.test(media.path) || broken) {
    return (
      <li className="text-sm">
        <a className="underline" href={src} download>
          {broken ? `Image ${media.index + 1} could not be loaded (${fileName(media.path)})` : `Download ${fileName(media.path)}`}
        </a>
        {media.description && <p className="text-xs text-slate-600 dark:text-slate-300">{media.description}</p>}
      </li>
    );
  }
  return (
    <li>
      <figure>
        <img
          src={src}
          alt={label}
          loading="lazy"
          decoding="async"
          className="max-h-96 max-w-full rounded border border-slate-200 object-contain dark:border-slate-700"
          onError={() => setBroken(true)}
        />
        {media.description && (
          <figcaption className="mt-1 text-xs text-slate-600 dark:text-slate-300">{media.description}</figcaption>
        )}
      </figure>
    </li>
  );
}

export function ItemMedia({ itemId, media, title }: { itemId: string; media: Media[]; title: string }) {
  if (media.length === 0) return null;
  return (
    <section className="mt-4" aria-labelledby="item-media">
      <h3 id="item-media" className="text-sm font-semibold">Images and files</h3>
      <ul className="mt-2 flex flex-col gap-3" data-testid="item-media">
        {media.map((m) => <MediaFigure key={`${m.index}:${m.path}`} itemId={itemId} media={m} title={title} />)}
      </ul>
    </section>
  );
}
