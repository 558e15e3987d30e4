// A stand-in for the console's build in infra tests.
