#!/usr/bin/env node
// The published package runs the compiled CLI from dist/ (type stripping does not apply inside node_modules).
import '../dist/cli/main.js';
