import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticTokens } from '../../../../runtime/service/auth/static-tokens.ts';
import { type RunningS3, startS3Server } from '../../../support/s3-server.ts';
import { type Browser, launchBrowser } from './browser.ts';
import { type RunningUiService, startUiService } from './ui-service.ts';

const LONG = 120_000;
const TOKEN = 'page-s3-test-token-0123456789';
const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;

let s3: RunningS3;
let service: RunningUiService;
let browser: Browser;
const savedEnvironment = new Map<string, string | undefined>();

beforeAll(async () => {
  browser = await launchBrowser();
  s3 = await startS3Server();
  // The service takes S3 credentials from the SDK's chain only, as in production.
  for (const name of CREDENTIAL_VARIABLES) savedEnvironment.set(name, process.env[name]);
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  service = await startUiService({
    storage: { url: `s3://${s3.bucket}/page-test`, endpoint: s3.endpoint },
    auth: { tokens: new StaticTokens(TOKEN, 'test tokens') },
  });
}, LONG);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await s3?.close();
  for (const [name, value] of savedEnvironment) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Downloads the first completed export through the page; checks the bytes against the bucket's. */
async function downloadThroughPage(page: Page) {
  const card = page.locator('#jobs li.job[data-status="completed"]').first();
  await card.waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /^Download / }).click()]);
  const [exportRow] = (await service.store.listExports({})).items;
  expect(download.url()).toContain(s3.endpoint); // the bytes came from the bucket, not through the service
  const fromPage = await readFile((await download.path()) as string);
  const redirect = await fetch(`${service.api}/exports/${exportRow?.id}/download`, { redirect: 'manual', headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(redirect.status).toBe(302);
  const fromBucket = Buffer.from(await (await fetch(redirect.headers.get('location') as string)).arrayBuffer());
  expect(fromPage.length).toBeGreaterThan(100);
  expect(fromPage.equals(fromBucket)).toBe(true);
  expect(download.suggestedFilename()).toBe(exportRow?.filename);
}

describe('the web page with outputs in S3', () => {
  it('with the auth-token cookie, the download follows the service’s redirect to the presigned URL', async () => {
    const { hostname } = new URL(service.url);
    await browser.context.addCookies([{ name: 'auth-token', value: TOKEN, domain: hostname, path: '/' }]);
    const page = await browser.context.newPage();
    await page.goto(service.url);
    await page.locator('#connection[data-mode="live"]').waitFor();
    await page.getByLabel('Street scenes').check();
    await page.getByLabel('Format', { exact: true }).selectOption({ label: 'JSON (json)' });
    await page.getByRole('button', { name: 'Start export' }).click();
    await downloadThroughPage(page);
    await browser.context.clearCookies();
    await page.close();
  }, LONG);

  it('with a bearer token, the page asks for the presigned URL and sends the browser there', async () => {
    const page = await browser.context.newPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/download')) asked.push(request.headers().accept ?? '');
    });
    await page.goto(service.url);
    await page.getByLabel('Token', { exact: true }).fill(TOKEN);
    await page.getByRole('button', { name: 'Use this token' }).click();
    await page.locator('#connection[data-mode="live"]').waitFor();
    await downloadThroughPage(page);
    expect(asked.some((accept) => accept.includes('application/vnd.idah-plugin.download-url+json'))).toBe(true);
    await page.close();
  }, LONG);
});
