/** chart — see DESIGN.md. */
export {};
