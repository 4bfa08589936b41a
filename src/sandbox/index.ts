/** sandbox — see DESIGN.md. */
export {};
