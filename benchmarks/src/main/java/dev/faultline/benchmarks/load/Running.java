package dev.faultline.benchmarks.load;

/** A started server: the port it listens on and how to stop it. */
record Running(int port, Stopper stopper) {

    /** Stops a server. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }
}
