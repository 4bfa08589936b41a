/**
 * Persistence of the store in the data dir: `store.json` (a snapshot, replaced atomically by
 * write-to-temp + fsync + rename) and `journal.jsonl` (one line per committed change, written
 * synchronously before the client gets an answer). Start-up loads the snapshot and replays the
 * journal; a torn last line (a crash mid-write) is dropped, any other damage stops start-up with
 * an error that names the file. The journal is folded into a new snapshot every `compactEvery`
 * lines.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from './errors.js';
import type { Journal, Store, StoreEvent, StoreSnapshot } from './store.js';

const FORMAT = 'bosun-sandbox-store/v1';

export class FileJournal implements Journal {
  private fd: number;
  private lines = 0;
  private readonly snapshotPath: string;
  private readonly journalPath: string;

  constructor(
    dir: string,
    private readonly store: Store,
    private readonly compactEvery = 5000,
  ) {
    this.snapshotPath = join(dir, 'store.json');
    this.journalPath = join(dir, 'journal.jsonl');
    this.fd = openSync(this.journalPath, 'a');
  }

  /** Loads `dir` into `store` (before the journal is attached). */
  static load(dir: string, store: Store): { replayed: number; tornTail: boolean } {
    const snapshotPath = join(dir, 'store.json');
    const journalPath = join(dir, 'journal.jsonl');
    if (existsSync(snapshotPath)) {
      let snap: StoreSnapshot & { format?: string };
      try {
        snap = JSON.parse(readFileSync(snapshotPath, 'utf8'));
      } catch (err) {
        throw new SandboxError(
          `The sandbox store ${snapshotPath} is corrupted (${(err as Error).message}); move it away or run "bosun sandbox reset" to start empty`,
          'ESANDBOX_CORRUPT',
          { cause: err },
        );
      }
      if (snap.format !== FORMAT || typeof snap.rv !== 'number' || !Array.isArray(snap.objects)) {
        throw new SandboxError(
          `The sandbox store ${snapshotPath} is not a ${FORMAT} file; move it away or run "bosun sandbox reset" to start empty`,
          'ESANDBOX_CORRUPT',
        );
      }
      store.load(snap);
    }
    let replayed = 0;
    let tornTail = false;
    if (existsSync(journalPath)) {
      const text = readFileSync(journalPath, 'utf8');
      const lines = text.split('\n');
      const last = lines.pop() ?? '';
      if (last !== '') tornTail = true; // written without its newline: a crash mid-append
      const base = store.resourceVersion;
      lines.forEach((line, i) => {
        if (line === '') return;
        let ev: StoreEvent;
        try {
          ev = JSON.parse(line);
          if (typeof ev.rv !== 'number' || !ev.object?.metadata) throw new Error('not a journal entry');
        } catch (err) {
          throw new SandboxError(
            `The sandbox journal ${journalPath} is corrupted at line ${i + 1} (${(err as Error).message}); move it away or run "bosun sandbox reset" to start empty`,
            'ESANDBOX_CORRUPT',
            { cause: err },
          );
        }
        if (ev.rv <= base) return; // already in the snapshot
        store.replay(ev);
        replayed++;
      });
    }
    return { replayed, tornTail };
  }

  record(ev: StoreEvent): void {
    const line = `${JSON.stringify({ type: ev.type, gr: ev.gr, rv: ev.rv, object: ev.object })}\n`;
    writeSync(this.fd, line);
    if (++this.lines >= this.compactEvery) this.compact();
  }

  /** Writes a fresh snapshot atomically, then empties the journal. */
  compact(): void {
    const snap = { format: FORMAT, ...this.store.snapshot() };
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(snap));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotPath);
    closeSync(this.fd);
    this.fd = openSync(this.journalPath, 'w');
    this.lines = 0;
  }

  close(): void {
    try {
      this.compact();
    } finally {
      closeSync(this.fd);
    }
  }
}
