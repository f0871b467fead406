/**
 * What a download tells while it runs. The models layer prints nothing: it reports these, in order
 * (`start`, `progress` as bytes arrive, then `done` or `failed` once), and the CLI draws them.
 */
export interface DownloadProgressEvent {
  phase: 'start' | 'progress' | 'done' | 'failed';
  /** The `hf:` reference downloaded. */
  uri: string;
  /** Where the file is written. */
  file: string;
  receivedBytes: number;
  /** The file's size once the server has told it; null before. */
  totalBytes: number | null;
}

/** Told every download event; the run passes one from the CLI, and without one a download is silent. */
export type OnDownloadProgress = (event: DownloadProgressEvent) => void;
