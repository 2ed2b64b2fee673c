import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticTokens } from '../../../../runtime/service/auth/static-tokens.ts';
import { type Browser, launchBrowser, screenshot } from './browser.ts';
import { type RunningUiService, startUiService } from './ui-service.ts';

const LONG = 120_000;
const TOKEN = 'page-test-token-0123456789';

let service: RunningUiService;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  service = await startUiService({ auth: { tokens: new StaticTokens(TOKEN, 'test tokens') } });
}, LONG);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('the web page with the service’s auth', () => {
  it('asks for a token, keeps it in the tab, and sends it as a bearer header to the API, the event stream and the download', async () => {
    const page = await browser.context.newPage();
    const authorizations = new Map<string, string | undefined>();
    page.on('request', (request) => authorizations.set(new URL(request.url()).pathname, request.headers().authorization));
    await page.goto(service.url);
    const token = page.getByLabel('Token', { exact: true });
    await token.waitFor({ state: 'visible' });
    expect(await page.locator('#auth-message').textContent()).toContain('unauthorized_access');
    expect(await page.evaluate('document.activeElement.id')).toBe('token');
    await screenshot(page, '6-token-asked');

    await token.fill(TOKEN);
    await page.getByRole('button', { name: 'Use this token' }).click();
    await page.locator('#connection[data-mode="live"]').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('idah-plugin:token')")).toBe(TOKEN);
    expect(authorizations.get('/api/v1/sync/jobs/events')).toBe(`Bearer ${TOKEN}`);

    await page.getByLabel('Street scenes').check();
    await page.getByLabel('Format', { exact: true }).selectOption({ label: 'UPD (upd)' });
    await page.getByRole('button', { name: 'Start export' }).click();
    const card = page.locator('#jobs li.job[data-status="completed"]');
    await card.waitFor({ timeout: LONG });
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /^Download / }).click()]);
    const fromPage = await readFile((await download.path()) as string);
    const [exportRow] = (await service.store.listExports({})).items;
    expect(authorizations.get(`/api/v1/sync/exports/${exportRow?.id}/download`)).toBe(`Bearer ${TOKEN}`);
    const withoutToken = await fetch(`${service.api}/exports/${exportRow?.id}/download`);
    expect(withoutToken.status).toBe(401);
    const fromService = Buffer.from(await (await fetch(`${service.api}/exports/${exportRow?.id}/download`, { headers: { Authorization: `Bearer ${TOKEN}` } })).arrayBuffer());
    expect(fromPage.equals(fromService)).toBe(true);
    expect(download.suggestedFilename()).toBe(exportRow?.filename);
    await page.close();
  }, LONG);

  it('works with the auth-token cookie alone', async () => {
    const { hostname } = new URL(service.url);
    await browser.context.addCookies([{ name: 'auth-token', value: TOKEN, domain: hostname, path: '/' }]);
    const page = await browser.context.newPage();
    await page.goto(service.url);
    await page.locator('#connection[data-mode="live"]').waitFor();
    expect(await page.locator('#auth').isHidden()).toBe(true);
    await page.locator('#jobs li.job[data-status="completed"]').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('idah-plugin:token')")).toBeNull();
    await browser.context.clearCookies();
    await page.close();
  }, LONG);
});
