module stepdist.harness

go 1.22
