import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AppShell } from '../components/AppShell';
import { Providers } from '../components/Providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Message Center Admin',
  description: 'Templates, broadcasts and statistics',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request: every page carries a fresh CSP nonce (see src/proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
