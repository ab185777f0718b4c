// Browser tests against the real server: start-server.sh builds a fresh demo agency and
// serves the SPA from frontend/dist. Debian's chromium is used because Playwright cannot
// download its own browsers here (never run `npx playwright install`).
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 18080);

export default defineConfig({
  testDir: './tests',
  // Traces and screenshots of failures go under the ignored target/ directory.
  outputDir: '../target/playwright',
  // One server and one database for the run: tests that write (new people) must not race.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    // The demo agency is in Minnesota and so are its users' browsers: the forms' default
    // "today" is the browser's, the server's "today" the agency's, and after 00:00 UTC a
    // browser left in UTC would already be on the agency's tomorrow.
    timezoneId: 'America/Chicago',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'bash ./start-server.sh',
    url: `http://127.0.0.1:${port}/health`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    // start-server.sh sends the server's log to a file unless E2E_SERVER_LOG=1.
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
