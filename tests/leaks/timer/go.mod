module fixtures.stepdist/leaks/timer

go 1.22
