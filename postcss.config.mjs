// Tailwind CSS v4 through PostCSS (Next.js picks this file up); the theme lives in app/globals.css.
export default { plugins: { "@tailwindcss/postcss": {} } };
