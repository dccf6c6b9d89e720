// The benchmark's empty extension: activation costs only what VS Code itself spends on any extension.
exports.activate = function activate() {
  return {};
};
exports.deactivate = function deactivate() {};
