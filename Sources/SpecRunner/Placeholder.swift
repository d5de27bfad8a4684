enum SpecRunnerPlaceholder {}
