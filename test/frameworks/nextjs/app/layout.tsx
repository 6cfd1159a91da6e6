import type { ReactNode } from 'react';
import './greenapi-qr.css';

export const metadata = { title: 'Link WhatsApp' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
