import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AppShell } from '../components/AppShell';
import { Providers } from '../components/Providers';
import { publicWsUrl } from '../lib/runtime-config';
import './globals.css';

export const metadata: Metadata = {
  title: 'Message Center Admin',
  description: 'Templates, broadcasts and statistics',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request so the WebSocket URL comes from the running console's environment.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers wsUrl={publicWsUrl()}>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
