/**
 * Go's `path` functions (`base`, `dir`, `clean`, `ext`, `isAbs`) and their `filepath` twins
 * (`osBase`, …), which behave identically on Linux, where helm's output is defined.
 */
import { type FuncMap, func } from './go.js';

/** Go's path.Clean: lexical normalisation of slashes, `.` and `..`. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  const body = parts.join('/');
  if (rooted) return `/${body}`;
  return body === '' ? '.' : body;
}

export function basePath(path: string): string {
  if (path === '') return '.';
  path = path.replace(/\/+$/, '');
  const i = path.lastIndexOf('/');
  if (i >= 0) path = path.slice(i + 1);
  return path === '' ? '/' : path;
}

export function dirPath(path: string): string {
  return cleanPath(path.slice(0, path.lastIndexOf('/') + 1));
}

export function extPath(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) {
    if (path[i] === '.') return path.slice(i);
  }
  return '';
}

export function pathFuncs(): FuncMap {
  const s = (fn: (p: string) => unknown) => func(['string'], fn);
  const isAbs = (p: string): boolean => p.startsWith('/');
  return new Map([
    ['base', s(basePath)],
    ['dir', s(dirPath)],
    ['clean', s(cleanPath)],
    ['ext', s(extPath)],
    ['isAbs', s(isAbs)],
    ['osBase', s(basePath)],
    ['osDir', s(dirPath)],
    ['osClean', s(cleanPath)],
    ['osExt', s(extPath)],
    ['osIsAbs', s(isAbs)],
  ]);
}
