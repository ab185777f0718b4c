import { expect, test, type Browser } from '@playwright/test';

// The first screen on a phone's network, measured and printed (never asserted against a
// time: a busy machine is not a slow app). Each profile starts with an empty cache; the
// second visit shows what the year-long cache of the hashed files saves.
const profiles = [
  // Chrome DevTools' "Fast 4G": 9 Mbps down, 1.5 Mbps up, 60 ms latency; a mid-range phone.
  { name: '4G', down: 9_000_000, up: 1_500_000, latency: 60, cpu: 4 },
  // Lighthouse's "Slow 4G" (DevTools' "Slow 4G", once "Fast 3G"): 1.6 Mbps, 150 ms.
  { name: 'slow 4G', down: 1_600_000, up: 750_000, latency: 150, cpu: 4 },
];

async function firstLoad(browser: Browser, profile: (typeof profiles)[number], visits: number) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.down / 8,
    uploadThroughput: profile.up / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
  });
  const results: string[] = [];
  for (let visit = 1; visit <= visits; visit++) {
    bytes = 0;
    const start = Date.now();
    await page.goto('/login');
    // The page's own sign-in form, usable before the app has loaded.
    await expect(page.getByLabel('Email')).toBeVisible({ timeout: 60_000 });
    const form = (Date.now() - start) / 1000;
    const formBytes = bytes;
    // The app has started (it marks the page as it takes over).
    await expect(page.locator('body[data-app="ready"]')).toHaveCount(1, { timeout: 60_000 });
    const app = (Date.now() - start) / 1000;
    results.push(
      `visit ${visit}: sign-in form at ${form.toFixed(2)} s (${formBytes} bytes), app ready at ${app.toFixed(2)} s (${bytes} bytes)`,
    );
  }
  await context.close();
  return results;
}

test('the login form appears on a simulated phone network; the figures are printed', async ({ browser }) => {
  test.setTimeout(180_000);
  for (const profile of profiles) {
    const results = await firstLoad(browser, profile, 2);
    console.log(`FIRST LOAD on ${profile.name} (${profile.down / 1e6} Mbps, ${profile.latency} ms, CPU ${profile.cpu}x slower): ${results.join('; ')}`);
  }
});
