fn main() {
    tandem::start();
}
