/** One built asset: its content-hashed file name in dist/public, its media type and size. */
export interface WebAsset {
  file: string;
  type: string;
  bytes: number;
}
/** Builds the browser assets into dist/public and writes dist/public/manifest.json; resolves to the manifest. */
export function buildWeb(): Promise<Record<string, WebAsset>>;
