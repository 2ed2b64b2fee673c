import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listZipEntries } from '../../../../runtime/testing/read-output.ts';
import { type Browser, launchBrowser, screenshot } from './browser.ts';
import { type RunningUiService, startUiService } from './ui-service.ts';

const LONG = 120_000;
/** Waits inside a test end before the test's own timeout, so a failure names what it waited for. */
const WAIT = 60_000;

let service: RunningUiService;
let browser: Browser;
/** Every URL the pages asked for: none may leave the service's origin. */
const requested: string[] = [];

async function openPage(): Promise<Page> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(service.url);
  await page.locator('#connection[data-mode="live"]').waitFor();
  await page.locator('#formats article').first().waitFor();
  return page;
}


async function chooseDemoAndFormat(page: Page, formatName: string) {
  await page.getByLabel('Street scenes').check();
  await page.getByLabel('Format', { exact: true }).selectOption({ label: formatName });
}

/** Clicks Start export and returns the id of the job the service created. */
async function startFromPage(page: Page): Promise<string> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && candidate.url().endsWith('/exports/export')),
    page.getByRole('button', { name: 'Start export' }).click(),
  ]);
  expect(response.status()).toBe(202);
  const body = (await response.json()) as { included: Array<{ id: string }> };
  return body.included[0]?.id as string;
}

const cardOf = (page: Page, jobId: string, status?: string) =>
  page.locator(`#jobs li.job[data-job-id="${jobId}"]${status ? `[data-status="${status}"]` : ''}`);

beforeAll(async () => {
  browser = await launchBrowser();
  service = await startUiService();
}, LONG);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('the web page of the Sync Service, in Chromium', () => {
  it('lists the formats per modality with plugin and options, and the broken plugin with its cause', async () => {
    const page = await openPage();
    const imageFormats = page.locator('#formats section.modality', { has: page.getByRole('heading', { name: /^idah-image/ }) });
    for (const name of ['COCO', 'JSON', 'UPD', 'YOLO (Ultralytics)', 'Wait for cancel']) {
      await expect.poll(() => imageFormats.getByRole('heading', { name, exact: true }).count()).toBe(1);
    }
    const coco = imageFormats.locator('article[data-exporter="Coco::CocoExport"]');
    await expect.poll(() => coco.textContent()).toContain('plugin coco');
    await coco.getByText(/^Options \(\d+\)$/).click();
    await expect.poll(() => coco.locator('.option-list').textContent()).toContain('ellipse_vertices integer = 32');

    const broken = page.locator('#broken li.broken');
    expect(await broken.count()).toBe(1);
    expect(await broken.getByRole('heading').textContent()).toContain('broken-import');
    expect(await broken.textContent()).toContain('PLUGIN_LOAD_FAILED');
    expect(await broken.locator('.cause').textContent()).toContain('helper-that-does-not-exist.ts');
    await screenshot(page, '1-formats-and-broken-plugins');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '1-narrow-screen');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '1-narrow-screen-dark', { fullPage: false });
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await page.close();
  }, LONG);

  it('puts the server’s validation message beside a bad option, and starts nothing', async () => {
    const page = await openPage();
    await chooseDemoAndFormat(page, 'COCO (coco)');
    const field = page.getByLabel('ellipse_vertices', { exact: true });
    expect(await field.inputValue()).toBe('32'); // the schema's default
    await field.fill('3');
    await page.getByRole('button', { name: 'Start export' }).click();
    const message = page.locator('#option-ellipse_vertices-error');
    await message.waitFor({ state: 'visible' });
    expect(await message.textContent()).toMatch(/>=\s*8/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.id')).toBe('option-ellipse_vertices');
    expect(await field.getAttribute('aria-describedby')).toContain('option-ellipse_vertices-error');
    expect(await page.locator('#form-error').textContent()).toContain('Some options are not valid');
    await screenshot(page, '2-validation-error');
    // Every control the page shows is labelled.
    const unlabelled = await page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
      .filter((control) => control.labels.length === 0 && !control.getAttribute('aria-label')).map((control) => control.id || control.name)`);
    expect(unlabelled).toEqual([]);
    expect((await service.store.listJobs({})).items).toHaveLength(0);
    await page.close();
  }, LONG);

  it('sends options typed as their schema says, and stops bad JSON before it leaves the page', async () => {
    const page = await openPage();
    await chooseDemoAndFormat(page, 'CSV (csv)');
    await page.getByLabel('delimiter', { exact: true }).selectOption({ label: 'tab (\\t)' });
    await page.getByLabel('bom', { exact: true }).check();
    await page.getByLabel('entry_status', { exact: true }).fill('completed, review');
    const posted = page.waitForRequest((candidate) => candidate.method() === 'POST' && candidate.url().endsWith('/exports/export'));
    const csvJob = await startFromPage(page);
    expect((await posted).postDataJSON()).toEqual({
      dataset_ids: ['demo:street-scenes'],
      exporter: 'Csv::CsvExport',
      // The form sends every field it shows, defaults included (neutralise_formulas, on_error).
      options: { delimiter: '\t', bom: true, entry_status: ['completed', 'review'], neutralise_formulas: true, on_error: 'fail' },
      project_id: 'demo',
    });
    await cardOf(page, csvJob, 'completed').waitFor({ timeout: WAIT });

    await page.getByLabel('Format', { exact: true }).selectOption({ label: 'COCO (coco)' });
    expect(await page.getByLabel('pixel_base', { exact: true }).count()).toBe(0); // COCO has none; its own fields only
    await page.getByLabel('splits', { exact: true }).fill('{ "train": 0.8,');
    const posts: string[] = [];
    page.on('request', (candidate) => {
      if (candidate.method() === 'POST') posts.push(candidate.url());
    });
    await page.getByRole('button', { name: 'Start export' }).click();
    await page.locator('#option-splits-error').waitFor({ state: 'visible' });
    expect(await page.locator('#option-splits-error').textContent()).toMatch(/^expected JSON/);
    expect(posts).toEqual([]);
    await page.close();
  }, LONG);

  it('runs an export of demo.upd from the page to 100% and downloads the same bytes the service serves', async () => {
    const page = await openPage();
    await chooseDemoAndFormat(page, 'COCO (coco)');
    await page.getByLabel('reproducible', { exact: true }).check();
    // Every value the progress bar shows, in order.
    await page.evaluate(`
      window.progressSeen = [];
      new MutationObserver((records) => {
        const note = (bar) => window.progressSeen.push({ job: bar.closest('li').dataset.jobId, value: bar.value });
        for (const record of records) {
          if (record.target.localName === 'progress') note(record.target);
          for (const added of record.addedNodes) added.querySelectorAll?.('progress').forEach(note);
        }
      }).observe(document.getElementById('jobs'), { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    `);
    const jobId = await startFromPage(page);
    const card = cardOf(page, jobId);
    await cardOf(page, jobId, 'completed').waitFor({ timeout: WAIT });
    expect(await card.locator('progress').getAttribute('value')).toBe('100');
    expect(await card.locator('.percent').textContent()).toBe('100%');
    const seen = ((await page.evaluate('window.progressSeen')) as Array<{ job: string; value: number }>)
      .filter((entry) => entry.job === jobId)
      .map((entry) => entry.value);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never backwards
    expect(await page.locator('#announcer').textContent()).toMatch(/completed/);
    const finished = await service.store.getJob(jobId);
    const skippedTotal = (finished?.details as { skipped_total?: number }).skipped_total ?? 0;
    if (skippedTotal > 0) {
      await card.locator('.job-skipped summary').click();
      expect(await card.locator('.job-skipped summary').textContent()).toBe(`${skippedTotal} item${skippedTotal === 1 ? '' : 's'} skipped`);
      expect(await card.locator('.skipped-list li').count()).toBe(Math.min(skippedTotal, 50) + (skippedTotal > 50 ? 1 : 0));
    }
    await screenshot(page, '3-export-completed');

    const downloadButton = card.getByRole('button', { name: /^Download / });
    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    const downloadedPath = (await download.path()) as string;
    const fromPage = await readFile(downloadedPath);
    const [exportRow] = (await service.store.listExports({ filter: { job_id: jobId } })).items;
    const fromService = Buffer.from(await (await fetch(`${service.api}/exports/${exportRow?.id}/download`)).arrayBuffer());
    expect(fromPage.length).toBeGreaterThan(1000);
    expect(fromPage.equals(fromService)).toBe(true);
    expect(download.suggestedFilename()).toBe(exportRow?.filename);
    const entries = await listZipEntries(downloadedPath);
    expect(entries.some((name) => name.endsWith('.json'))).toBe(true);
    await page.close();
  }, LONG);

  it('cancels a long job, retries it, shows its log, and deletes it', async () => {
    const page = await openPage();
    await chooseDemoAndFormat(page, 'Wait for cancel (wait-for-cancel)');
    const jobId = await startFromPage(page);
    const running = cardOf(page, jobId, 'running');
    await running.waitFor({ timeout: WAIT });
    await expect.poll(() => running.locator('.percent').textContent(), { timeout: WAIT }).toBe('10%');
    await running.getByRole('button', { name: 'Logs' }).click();
    await expect.poll(() => running.locator('.logs').textContent(), { timeout: WAIT }).toContain('waiting for the job to be cancelled');
    await screenshot(page, '4-long-job-running');

    await running.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = cardOf(page, jobId, 'cancelled');
    await cancelled.waitFor({ timeout: WAIT });
    expect((await service.store.getJob(jobId))?.status).toBe('cancelled');
    await screenshot(page, '4-long-job-cancelled');

    await cancelled.getByRole('button', { name: 'Retry' }).click();
    await cardOf(page, jobId, 'running').waitFor({ timeout: WAIT });
    await cardOf(page, jobId).getByRole('button', { name: 'Cancel' }).click();
    await cardOf(page, jobId, 'cancelled').waitFor({ timeout: WAIT });

    await cardOf(page, jobId).getByRole('button', { name: 'Delete' }).click();
    await cardOf(page, jobId).waitFor({ state: 'detached' });
    expect(await service.store.getJob(jobId)).toBeNull();
    await page.close();
  }, LONG);

  it('never moves a job back: a reply older than the stream, or as old with an earlier status, is dropped', async () => {
    const page = await openPage();
    // A string, so the test's transform leaves the page's own dynamic import alone.
    const statuses = await page.evaluate(`(async () => {
      const base = document.querySelector('script[type="module"]').getAttribute('src').replace(/app\\.js$/, '');
      const { upsertJob } = await import(base + 'jobs.js');
      const at = '2026-01-01T00:00:00.000Z';
      upsertJob({ id: 'race', status: 'running', updated_at: at });
      return [
        upsertJob({ id: 'race', status: 'pending', updated_at: at }).status,
        upsertJob({ id: 'race', status: 'pending', updated_at: '2025-12-31T23:59:59.999Z' }).status,
        upsertJob({ id: 'race', status: 'cancelled', updated_at: at }).status,
        upsertJob({ id: 'race', status: 'pending', updated_at: '2026-01-01T00:00:00.001Z' }).status,
      ];
    })()`);
    // The same millisecond's pending (the POST's reply after the stream said running), an older
    // one, then a cancel of the same time, then a retry, later.
    expect(statuses).toEqual(['running', 'running', 'cancelled', 'pending']);
    await page.close();
  }, LONG);

  it('falls back to polling when the event stream is refused, and still follows a job to the end', async () => {
    const page = await browser.context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.route('**/jobs/events', (route) => route.fulfill({ status: 503, body: 'no streams today' }));
    await page.goto(service.url);
    await page.locator('#connection[data-mode="polling"]').waitFor();
    // By keyboard alone: the dataset, the format card's button, then the form's button.
    await page.getByLabel('Street scenes').focus();
    await page.keyboard.press('Space');
    await page.locator('article[data-exporter="Json::JsonExport"]').getByRole('button', { name: 'Use this format' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('format');
    expect(await page.getByLabel('Format', { exact: true }).inputValue()).toBe('Json::JsonExport');
    await page.getByRole('button', { name: 'Start export' }).focus();
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST' && candidate.url().endsWith('/exports/export')),
      page.keyboard.press('Enter'),
    ]);
    const jobId = ((await response.json()) as { included: Array<{ id: string }> }).included[0]?.id as string;
    const card = cardOf(page, jobId);
    await cardOf(page, jobId, 'completed').waitFor({ timeout: WAIT });
    expect(await card.locator('.percent').textContent()).toBe('100%');
    await screenshot(page, '5-polling-fallback');
    await page.close();
  }, LONG);

  it('asked for nothing outside the service', () => {
    const origin = new URL(service.url).origin;
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
  });
});
