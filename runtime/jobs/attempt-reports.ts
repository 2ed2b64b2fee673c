import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_FILE_LIST, FileLog } from '../context/file-log.ts';
import { MetricsBoard } from '../context/metrics.ts';
import { writeDataToFile } from '../io/write-data.ts';
import type { JobEvent, JobOutput, JobRecord } from './job-record.ts';

/**
 * One attempt's metrics and file log, wired into the job record and its events. The record
 * holds the latest counters and the file log's summary; the events carry every change.
 */
export class AttemptReports {
  readonly metrics: MetricsBoard;
  readonly fileLog: FileLog;
  readonly #job: JobRecord;

  constructor(job: JobRecord, workDir: string, emit: (event: JobEvent) => void, defaultCategory: () => string) {
    this.#job = job;
    this.metrics = new MetricsBoard({
      report: (metrics) => {
        job.metrics = metrics;
        emit({ event: 'metrics', job_id: job.id, metrics });
      },
    });
    this.fileLog = new FileLog({
      spillPath: join(workDir, 'file-log', 'files.ndjson'),
      failedPath: join(workDir, 'file-log', 'failed.ndjson'),
      defaultCategory,
      report: (entries) => {
        job.file_log = this.fileLog.summary;
        emit({ event: 'file_log', job_id: job.id, entries });
      },
    });
  }

  /** io's beforeZip hook: writes error_file_list.json into the directory when any file failed. */
  readonly writeErrorFileList = async (directory: string): Promise<void> => {
    if (this.fileLog.summary.failed === 0) return;
    await writeDataToFile(join(directory, ERROR_FILE_LIST), this.fileLog.errorFileList());
  };

  /** Reports what is left into the record and the events; closes the log's files. */
  async close(): Promise<void> {
    this.metrics.close();
    await this.fileLog.close().catch(() => {});
    this.#job.metrics = this.metrics.snapshot();
    this.#job.file_log = this.fileLog.summary;
  }

  /**
   * Keeps the whole file log beside the output, as `<output>.files.ndjson` (or
   * `job-<id>.files.ndjson` when there is no output), before the work area is removed.
   */
  async keepBeside(outDir: string, output: JobOutput | null): Promise<void> {
    if (this.fileLog.summary.total === 0) return;
    const name = output ? `${output.filename}.files.ndjson` : `job-${this.#job.id}.files.ndjson`;
    const target = join(outDir, name);
    await mkdir(outDir, { recursive: true });
    // An output's name is new, so its log's is too; a job's log is its latest attempt's.
    await copyFile(this.fileLog.spillPath, target, output ? constants.COPYFILE_EXCL : 0);
    this.#job.file_log = { ...this.fileLog.summary, path: target };
  }
}
