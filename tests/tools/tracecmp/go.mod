module stepdist.test/tracecmp

go 1.22
