// Language server entry (placeholder until the language-server issue lands).
export {};
