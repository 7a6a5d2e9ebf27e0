"""The published 决算公开 document (Word), its charts and the table print layout; pure Python, no Qt."""
